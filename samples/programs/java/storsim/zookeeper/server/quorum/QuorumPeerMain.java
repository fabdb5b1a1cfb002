// QuorumPeerMain: a ZooKeeper-like server. Modes: snap-missing (transaction logs but no snapshot:
// "Unexpected exception, exiting abnormally", exit 1) and deep-tree (taking a snapshot of a very
// deep znode chain overflows the stack of the SyncThread, which dies of an uncaught StackOverflowError).
package storsim.zookeeper.server.quorum;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import storsim.log.Log;
import storsim.zookeeper.server.DataTree;
import storsim.zookeeper.server.persistence.FileTxnSnapLog;

public class QuorumPeerMain {
    private static final Log LOG = Log.get(QuorumPeerMain.class, Log.Layout.ZOOKEEPER);
    private static final File DATA_DIR = new File("/tmp/storsim/zookeeper");

    public static void main(String[] args) {
        try {
            initializeAndRun(args[0]);
        } catch (Exception e) {
            LOG.error("Unexpected exception, exiting abnormally", e, 99);
            System.exit(1);
        }
        LOG.info("Exiting normally", 102);
    }

    private static void initializeAndRun(String mode) throws Exception {
        LOG.info("Reading configuration from: /tmp/storsim/zookeeper/zoo.cfg", 155);
        File versionDir = new File(DATA_DIR, "version-2");
        versionDir.mkdirs();
        new File(versionDir, "log.100000001").createNewFile();
        LOG.info("Starting quorum peer, myid=1", 203);
        if (mode.equals("deep-tree")) runSyncThread();
        else loadDataBase();
    }

    private static void loadDataBase() {
        try {
            long zxid = new FileTxnSnapLog(DATA_DIR).restore();
            LOG.info("Snapshot loaded, highest zxid 0x" + Long.toHexString(zxid), 1067);
        } catch (IOException ie) {
            throw new RuntimeException("Unable to run quorum server ", ie);
        }
    }

    private static void runSyncThread() throws InterruptedException {
        DataTree tree = new DataTree();
        tree.createChain(200_000);
        Thread sync = new Thread(() -> takeSnapshot(tree), "SyncThread:1");
        sync.start();
        sync.join();
        LOG.info("SyncThread:1 exited, shutting down", 1120);
    }

    private static void takeSnapshot(DataTree tree) {
        LOG.info("Creating new log file: log.100000002", 1110);
        try (OutputStream out = new FileOutputStream(new File(DATA_DIR, "version-2/snapshot.100000001"))) {
            tree.serialize(out);
        } catch (IOException e) {
            LOG.error("Severe unrecoverable error, exiting", e, 1115);
            System.exit(2);
        }
    }
}
