// FSImage: reads an fsimage file: a header (magic, txid, inode count, section length), then the
// inode section, which the loader keeps in memory as a table of fixed-size chunks.
package storsim.hdfs.namenode;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import storsim.log.Log;

class FSImage {
    private static final Log LOG = Log.get(FSImage.class, Log.Layout.HADOOP);
    static final long TXID = 4211;
    private static final int MAGIC = 0x48444653;
    private final File dir;
    private long[][] inodeTable = new long[0][];

    FSImage(File dir) {
        this.dir = dir;
    }

    static File imageFile(File dir) {
        return new File(dir, String.format("fsimage_%019d", TXID));
    }

    /** A header claiming 48M inodes; a truncated image stops short of the inode section it announces. */
    static void writeTestImage(String nameDir, boolean truncated) throws IOException {
        File dir = new File(nameDir, "current");
        dir.mkdirs();
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(imageFile(dir)))) {
            out.writeInt(MAGIC);
            out.writeLong(TXID);
            out.writeLong(48_000_000L);
            out.writeInt(4096);
            out.write(new byte[truncated ? 1024 : 4096]);
        }
    }

    void loadFSImage() throws IOException {
        File file = imageFile(dir);
        LOG.info("Loading image file " + file + " using no compression");
        try (DataInputStream in = new DataInputStream(new FileInputStream(file))) {
            if (in.readInt() != MAGIC) throw new IOException("Unexpected magic in " + file);
            long txid = in.readLong();
            long inodes = in.readLong();
            byte[] section = new byte[in.readInt()];
            try {
                in.readFully(section);
            } catch (IOException e) {
                throw new IOException("Failed to load image from FSImageFile(file=" + file + ", cpktTxId=" + String.format("%019d", txid) + ")", e);
            }
            LOG.info("Loading " + inodes + " INodes.");
            inodeTable = new INodeLoader(inodes).loadINodeSection();
        }
    }

    long inodeCount() {
        return (long) inodeTable.length * INodeLoader.CHUNK;
    }

    static final class INodeLoader {
        static final int CHUNK = 4096;
        private final long inodes;

        INodeLoader(long inodes) {
            this.inodes = inodes;
        }

        /** Four longs per inode (id, parent, mtime, permission), CHUNK inodes a chunk. */
        long[][] loadINodeSection() {
            long[][] table = new long[(int) (inodes / CHUNK) + 1][];
            for (int i = 0; i < table.length; i++) table[i] = new long[CHUNK * 4];
            return table;
        }
    }
}
