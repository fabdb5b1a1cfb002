// Log: a log4j-1.2-like console logger with the layouts of the services imitated here.
// The stack of a logged Throwable follows its record as log4j prints it (printStackTrace).
package storsim.log;

import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;

public final class Log {
    /** Hadoop's RFA `%d{ISO8601} %-5p %c{2}: %m%n`, HBase's `%d{ISO8601} %-5p [%t] %c{2}: %m%n`, ZooKeeper's. */
    public enum Layout { HADOOP, HBASE, ZOOKEEPER }

    private static final PrintStream OUT = System.out;
    private final String category;
    private final Layout layout;
    private final String className;

    private Log(String category, Layout layout, String className) {
        this.category = category;
        this.layout = layout;
        this.className = className;
    }

    /** `category` as %c{2} prints it, e.g. "regionserver.HRegionServer". */
    public static Log get(Class<?> c, Layout layout) {
        String[] parts = c.getName().split("\\.");
        String shortName = parts.length < 2 ? c.getName() : parts[parts.length - 2] + "." + parts[parts.length - 1];
        return new Log(shortName, layout, c.getSimpleName());
    }

    public void info(String msg) { write("INFO", msg, null, 0); }
    public void warn(String msg, Throwable t) { write("WARN", msg, t, 0); }
    public void error(String msg, Throwable t) { write("ERROR", msg, t, 0); }
    public void fatal(String msg, Throwable t) { write("FATAL", msg, t, 0); }
    /** ZooKeeper's layout names the source line; the caller passes it. */
    public void error(String msg, Throwable t, int line) { write("ERROR", msg, t, line); }
    public void info(String msg, int line) { write("INFO", msg, null, line); }

    private synchronized void write(String level, String msg, Throwable t, int line) {
        SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss,SSS");
        iso.setTimeZone(TimeZone.getTimeZone("UTC"));
        String time = iso.format(new Date());
        String thread = Thread.currentThread().getName();
        String head;
        switch (layout) {
            case HBASE: head = String.format("%s %-5s [%s] %s: ", time, level, thread, category); break;
            case ZOOKEEPER: head = String.format("%s [myid:1] - %-5s [%s:%s@%d] - ", time, level, thread, className, line); break;
            default: head = String.format("%s %-5s %s: ", time, level, category);
        }
        synchronized (OUT) {
            OUT.println(head + msg);
            if (t != null) t.printStackTrace(OUT);
            OUT.flush();
        }
    }
}
