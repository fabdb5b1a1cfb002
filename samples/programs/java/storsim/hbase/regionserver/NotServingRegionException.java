package storsim.hbase.regionserver;

import java.io.IOException;

public class NotServingRegionException extends IOException {
    public NotServingRegionException(String message) {
        super(message);
    }
}
