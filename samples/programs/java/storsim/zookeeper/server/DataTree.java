// DataTree: znodes, serialized depth first (one frame per level, as ZooKeeper's serializeNode).
package storsim.zookeeper.server;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

public class DataTree {
    private static final class Node {
        final String name;
        Node child;

        Node(String name) {
            this.name = name;
        }
    }

    private final Node root = new Node("");

    /** A client that keeps creating a child of the node it created last makes a very deep tree. */
    public void createChain(int depth) {
        Node n = root;
        for (int i = 0; i < depth; i++) {
            n.child = new Node("q" + i % 10);
            n = n.child;
        }
    }

    public void serialize(OutputStream out) throws IOException {
        serializeNode(new DataOutputStream(out), root);
    }

    private void serializeNode(DataOutputStream out, Node node) throws IOException {
        out.writeUTF(node.name);
        if (node.child != null) serializeNode(out, node.child);
    }
}
