// OpenRegionHandler: opens one region on an RS_OPEN_REGION executor thread.
package storsim.hbase.regionserver.handler;

import storsim.hbase.executor.EventHandler;
import storsim.hbase.regionserver.HRegion;
import storsim.hbase.regionserver.HRegionServer;
import storsim.log.Log;

public class OpenRegionHandler extends EventHandler {
    private static final Log LOG = Log.get(OpenRegionHandler.class, Log.Layout.HBASE);
    private final String regionName;
    private final int recoveredEditsMb;

    public OpenRegionHandler(HRegionServer server, String regionName, int recoveredEditsMb) {
        super(server);
        this.regionName = regionName;
        this.recoveredEditsMb = recoveredEditsMb;
    }

    @Override
    public void process() throws Exception {
        if (server.isStopped()) {
            LOG.info("Server stopping or stopped, skipping open of " + regionName);
            return;
        }
        LOG.info("Open " + regionName);
        HRegion region = HRegion.openHRegion(regionName, recoveredEditsMb);
        server.addRegion(region);
        LOG.info("Opened " + regionName);
    }
}
