// HRegionServer: an HBase-like region server. It opens its regions on an RS_OPEN_REGION executor;
// an exception there aborts the server (ABORTING at FATAL, as HBase 1.x logs it).
package storsim.hbase.regionserver;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import storsim.hbase.regionserver.handler.OpenRegionHandler;
import storsim.hbase.regionserver.wal.FSHLog;
import storsim.log.Log;

public class HRegionServer implements Runnable {
    private static final Log LOG = Log.get(HRegionServer.class, Log.Layout.HBASE);
    public static final String SERVER_NAME = "kv-3,16020,1700000000000";
    private static final String[] REGIONS = {
        "usertable,,1700000000000.5e8f2c1a9b3d4e6f708192a3b4c5d6e7.",
        "usertable,user3,1700000000000.0c1d2e3f405162738495a6b7c8d9e0f1.",
        "usertable,user6,1700000000000.9a1b2c3d4e5f60718293a4b5c6d7e8f9.",
    };
    private final boolean healthy;
    private final Map<String, HRegion> online = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean aborted;

    public HRegionServer(boolean healthy) {
        this.healthy = healthy;
    }

    @Override
    public void run() {
        LOG.info("Serving as " + SERVER_NAME + ", RpcServer on kv-3/10.0.0.13:16020, sessionid=0x18bf3a2c0e70003");
        File walDir = new File("/tmp/storsim/hbase/WALs/" + SERVER_NAME);
        walDir.delete();
        new FSHLog(walDir).rollWriter(1700000000123L);
        ExecutorService openers = Executors.newFixedThreadPool(1, r -> new Thread(r, "RS_OPEN_REGION-regionserver/kv-3:16020-0"));
        // Unflushed edits of the second region outgrow the heap when the server runs with -Xmx32m.
        for (int i = 0; i < REGIONS.length; i++) openers.submit(new OpenRegionHandler(this, REGIONS[i], healthy || i != 1 ? 4 : 256));
        openers.shutdown();
        try {
            openers.awaitTermination(30, TimeUnit.SECONDS);
            if (healthy) serveRequests();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeRegions();
    }

    private void serveRequests() {
        Thread handler = new Thread(() -> get(REGIONS[2].replace("user6", "user5"), "user5021"), "RpcServer.default.FPBQ.Fifo.handler=29,queue=2,port=16020");
        handler.start();
        try {
            handler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void get(String regionName, String row) {
        try {
            getRegion(regionName);
        } catch (NotServingRegionException e) {
            LOG.warn("Failed get of row " + row + "; the client will retry after reloading the region location", e);
        }
    }

    private HRegion getRegion(String regionName) throws NotServingRegionException {
        HRegion region = online.get(regionName);
        if (region == null) throw new NotServingRegionException("Region " + regionName + " is not online on " + SERVER_NAME);
        return region;
    }

    public void addRegion(HRegion region) {
        online.put(region.name(), region);
    }

    public void abort(String reason, Throwable cause) {
        LOG.fatal("ABORTING region server " + SERVER_NAME + ": " + reason, cause);
        LOG.fatal("RegionServer abort: loaded coprocessors are: []", null);
        Runtime rt = Runtime.getRuntime();
        LOG.info("Dump of metrics as JSON on abort: {\"beans\":[{\"name\":\"java.lang:type=Memory\",\"HeapMemoryUsage\":{\"max\":" + rt.maxMemory() + ",\"used\":" + (rt.totalMemory() - rt.freeMemory()) + "}}]}");
        aborted = true;
        stop(reason);
    }

    public void stop(String why) {
        LOG.info("STOPPED: " + why);
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    public boolean isAborted() {
        return aborted;
    }

    private void closeRegions() {
        LOG.info((aborted ? "aborting" : "stopping") + " server " + SERVER_NAME);
        LOG.info("Waiting on " + online.size() + " regions to close");
        for (HRegion region : online.values()) region.close();
        LOG.info("stopping server " + SERVER_NAME + "; zookeeper connection closed.");
        LOG.info("regionserver/kv-3:16020 exiting");
    }

    static void logJvmInfo() {
        LOG.info("STARTING service HRegionServer");
        LOG.info("vmName=" + System.getProperty("java.vm.name") + ", vmVendor=" + System.getProperty("java.vm.vendor") + ", vmVersion=" + System.getProperty("java.vm.version"));
        LOG.info("vmInputArguments=" + ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
