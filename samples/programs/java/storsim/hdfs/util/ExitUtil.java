// ExitUtil: how Hadoop daemons exit, logging the status and the exception first.
package storsim.hdfs.util;

import storsim.log.Log;

public final class ExitUtil {
    private static final Log LOG = Log.get(ExitUtil.class, Log.Layout.HADOOP);

    private ExitUtil() {}

    public static void terminate(int status, Throwable t) {
        LOG.info("Exiting with status " + status + ": " + t);
        System.exit(status);
    }
}
