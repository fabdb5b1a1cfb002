// NameNode: an HDFS-like name node that loads its fsimage at start-up.
// Modes: fsimage-oom (the image holds more inodes than the heap: run with -Xmx16m; an
// OutOfMemoryError is an Error, not an IOException, so it leaves main uncaught) and
// truncated-fsimage (the image file is cut short: "Failed to start namenode." and exit 1).
package storsim.hdfs.namenode;

import java.io.IOException;
import java.util.Arrays;
import storsim.hdfs.util.ExitUtil;
import storsim.log.Log;

public class NameNode {
    static final Log LOG = Log.get(NameNode.class, Log.Layout.HADOOP);
    private static final String HOST = "nn-1/10.0.0.11";
    private FSNamesystem namesystem;

    NameNode(String nameDir) throws IOException {
        initialize(nameDir);
    }

    private void initialize(String nameDir) throws IOException {
        namesystem = FSNamesystem.loadFromDisk(nameDir);
        LOG.info("NameNode RPC up at: " + HOST.split("/")[0] + ":8020, " + namesystem.inodeCount() + " inodes");
    }

    public static NameNode createNameNode(String[] argv) throws IOException {
        LOG.info("createNameNode " + Arrays.toString(argv));
        return new NameNode(argv[1]);
    }

    private static void startupShutdownMessage(String[] argv) {
        LOG.info("STARTUP_MSG: \n/************************************************************\n"
                + "STARTUP_MSG: Starting NameNode\nSTARTUP_MSG:   host = " + HOST + "\nSTARTUP_MSG:   args = " + Arrays.toString(argv)
                + "\nSTARTUP_MSG:   version = 3.3.6\nSTARTUP_MSG:   java = " + System.getProperty("java.version")
                + "\n************************************************************/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LOG.info("SHUTDOWN_MSG: \n/************************************************************\n"
                + "SHUTDOWN_MSG: Shutting down NameNode at " + HOST + "\n************************************************************/")));
    }

    public static void main(String[] argv) throws Exception {
        startupShutdownMessage(argv);
        FSImage.writeTestImage(argv[1], argv[0].equals("truncated-fsimage"));
        try {
            NameNode namenode = createNameNode(argv);
            LOG.info("NameNode started with " + namenode.namesystem.inodeCount() + " inodes");
        } catch (IOException e) {
            LOG.error("Failed to start namenode.", e);
            ExitUtil.terminate(1, e);
        }
    }
}
