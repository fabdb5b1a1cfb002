// HRegionServerCommandLine: starts the region server and waits for it; an aborted server makes
// main log "Region server exiting" with a RuntimeException and exit 1, as HBase does.
// Modes: abort-oom (run with -Xmx32m) and healthy (stopped by SIGTERM: the shutdown hook stops it).
package storsim.hbase.regionserver;

import storsim.log.Log;

public class HRegionServerCommandLine {
    private static final Log LOG = Log.get(HRegionServerCommandLine.class, Log.Layout.HBASE);

    public static void main(String[] args) {
        System.exit(new HRegionServerCommandLine().run(args));
    }

    private int run(String[] args) {
        return start(args[0].equals("healthy"));
    }

    private int start(boolean healthy) {
        try {
            HRegionServer.logJvmInfo();
            HRegionServer hrs = new HRegionServer(healthy);
            Thread server = new Thread(hrs, "regionserver/kv-3:16020");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                hrs.stop("Shutdown hook");
                joinQuietly(server);
            }, "Thread-5"));
            server.start();
            server.join();
            if (hrs.isAborted()) throw new RuntimeException("HRegionServer Aborted");
            return 0;
        } catch (Throwable t) {
            LOG.error("Region server exiting", t);
            return 1;
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
