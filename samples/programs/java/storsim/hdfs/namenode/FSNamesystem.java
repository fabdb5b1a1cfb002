// FSNamesystem: the namespace, loaded from the latest fsimage in the name directory.
package storsim.hdfs.namenode;

import java.io.File;
import java.io.IOException;
import storsim.log.Log;

class FSNamesystem {
    private static final Log LOG = Log.get(FSNamesystem.class, Log.Layout.HADOOP);
    private final FSImage image;

    private FSNamesystem(FSImage image) {
        this.image = image;
    }

    static FSNamesystem loadFromDisk(String nameDir) throws IOException {
        LOG.info("fsLock is fair: true");
        LOG.info("Detailed lock hold time metrics enabled: false");
        FSImage image = new FSImage(new File(nameDir, "current"));
        long start = System.nanoTime();
        image.loadFSImage();
        LOG.info("Finished loading FSImage in " + (System.nanoTime() - start) / 1_000_000 + " msecs");
        return new FSNamesystem(image);
    }

    long inodeCount() {
        return image.inodeCount();
    }
}
