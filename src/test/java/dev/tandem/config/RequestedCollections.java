package dev.tandem.config;

import static org.awaitility.Awaitility.await;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Counts the collections asked for with {@code System.gc()} while it watches, from the JVM's own notifications. They
 * arrive on a JVM thread after the collection; {@link #awaitAllReported} waits until every collection done so far has
 * been reported, so a count of zero means none was asked for.
 */
public final class RequestedCollections implements AutoCloseable, NotificationListener {

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Map<String, Long> lastReported = new ConcurrentHashMap<>();
    private final AtomicInteger requested = new AtomicInteger();

    private RequestedCollections() {
        collectors.forEach(collector -> ((NotificationEmitter) collector).addNotificationListener(this, null, null));
        collectors.forEach(collector ->
                lastReported.merge(collector.getName(), collector.getCollectionCount(), Math::max));
    }

    public static RequestedCollections watch() {
        return new RequestedCollections();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if ("System.gc()".equals(info.getGcCause())) {
            requested.incrementAndGet();
        }
        lastReported.merge(info.getGcName(), info.getGcInfo().getId(), Math::max);
    }

    /** The collections asked for since {@link #watch}, once the JVM has reported every collection done until now. */
    public int awaitAllReported() {
        for (GarbageCollectorMXBean collector : collectors) {
            long done = collector.getCollectionCount();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> lastReported.getOrDefault(collector.getName(), 0L) >= done);
        }
        return requested.get();
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean collector : collectors) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
