// FSHLog: the write-ahead log; its first roll fails while the WAL directory does not exist yet.
package storsim.hbase.regionserver.wal;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import storsim.log.Log;

public class FSHLog {
    private static final Log LOG = Log.get(FSHLog.class, Log.Layout.HBASE);
    private final File dir;

    public FSHLog(File dir) {
        this.dir = dir;
    }

    /** The roller retries: a failed roll is logged at ERROR and the server lives on. */
    public void rollWriter(long seq) {
        File path = new File(dir, "kv-3%2C16020%2C1700000000000." + seq);
        try {
            createWriter(path);
        } catch (IOException e) {
            LOG.error("Failed open of WAL writer " + path + ", will retry", e);
            dir.mkdirs();
            rollWriter(seq + 1);
            return;
        }
        LOG.info("Rolled WAL " + path + " with entries=0, filesize=0");
    }

    private static void createWriter(File path) throws IOException {
        try {
            new FileOutputStream(path).close();
        } catch (IOException e) {
            throw new IOException("Failed to create WAL writer " + path.getName(), e);
        }
    }
}
