package dev.tandem.config;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a full collection once a large structure has been let go (the language profiles, by idle-memory-release).
 * Such a structure has lived long enough to sit in the old generation, which G1 collects only when it fills up, so
 * until then its heap stays committed and in the process's RSS; after a full collection G1 shrinks the heap and gives
 * the memory back. A JVM started with {@code -XX:+DisableExplicitGC} is left as its user wanted.
 */
public final class HeapCompaction {

    private static final Logger LOG = LoggerFactory.getLogger(HeapCompaction.class);
    private static final long MIB = 1024 * 1024;

    private HeapCompaction() {
    }

    /** True if the heap was collected. */
    public static boolean compact() {
        return compactUnless(explicitCollectionsDisabled());
    }

    static boolean compactUnless(boolean explicitCollectionsDisabled) {
        if (explicitCollectionsDisabled) {
            LOG.info("The heap is not compacted after letting memory go: the JVM runs with -XX:+DisableExplicitGC");
            return false;
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage before = memory.getHeapMemoryUsage();
        System.gc();
        MemoryUsage after = memory.getHeapMemoryUsage();
        LOG.info("Heap compacted: {} MiB in use, {} MiB committed (before: {} MiB, {} MiB)",
                after.getUsed() / MIB, after.getCommitted() / MIB, before.getUsed() / MIB, before.getCommitted() / MIB);
        return true;
    }

    private static boolean explicitCollectionsDisabled() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return vm != null && Boolean.parseBoolean(vm.getVMOption("DisableExplicitGC").getValue());
    }
}
