// EventHandler: an executor task; whatever it throws makes the region server abort, as HBase's does.
package storsim.hbase.executor;

import storsim.hbase.regionserver.HRegionServer;

public abstract class EventHandler implements Runnable {
    protected final HRegionServer server;

    protected EventHandler(HRegionServer server) {
        this.server = server;
    }

    public abstract void process() throws Exception;

    @Override
    public void run() {
        try {
            process();
        } catch (Throwable t) {
            server.abort("Unhandled: " + t.getMessage(), t);
        }
    }
}
