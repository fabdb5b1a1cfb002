// HRegion: a region whose recovered edits are replayed into its memstore when it opens.
package storsim.hbase.regionserver;

import java.util.ArrayList;
import java.util.List;
import storsim.log.Log;

public class HRegion {
    private static final Log LOG = Log.get(HRegion.class, Log.Layout.HBASE);
    private static final int CHUNK = 2 * 1024 * 1024;
    private final String name;
    private List<byte[]> memstore = new ArrayList<>();

    private HRegion(String name) {
        this.name = name;
    }

    public static HRegion openHRegion(String name, int recoveredEditsMb) {
        HRegion region = new HRegion(name);
        region.initialize(recoveredEditsMb);
        return region;
    }

    private void initialize(int recoveredEditsMb) {
        initializeRegionInternals(recoveredEditsMb);
        LOG.info("Onlined " + name.substring(name.lastIndexOf('.', name.length() - 2) + 1, name.length() - 1) + "; next sequenceid=" + (7341 + memstore.size()));
    }

    private void initializeRegionInternals(int recoveredEditsMb) {
        if (recoveredEditsMb > 0) replayRecoveredEdits(recoveredEditsMb);
    }

    /** Edits are applied to the memstore in 2 MiB chunks; they are flushed only once all are replayed. */
    private void replayRecoveredEdits(int mb) {
        LOG.info("Replaying " + mb + " MB of recovered edits for " + name);
        List<byte[]> chunks = new ArrayList<>();
        for (long done = 0; done < (long) mb * 1024 * 1024; done += CHUNK) chunks.add(new byte[CHUNK]);
        memstore = chunks;
    }

    public String name() {
        return name;
    }

    public void close() {
        memstore = new ArrayList<>();
        LOG.info("Closed " + name);
    }
}
