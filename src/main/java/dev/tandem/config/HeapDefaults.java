package dev.tandem.config;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the JVM give heap back once a burst of work is over, unless the user set these options. Ingesting a folder
 * grows the heap well beyond what stays alive afterwards (the young generation of a busy pipeline), and by default
 * the JVM keeps it until it stops. These options are the ones a running JVM accepts ("manageable"): a heap cap
 * ({@code -Xmx}) can only be given at launch, so the README documents it.
 */
public final class HeapDefaults {

    private static final Logger LOG = LoggerFactory.getLogger(HeapDefaults.class);
    /**
     * In this order, since the minimum free ratio may not exceed the maximum: after a collection the heap shrinks to
     * at most 30 % free, and an idle Tandem runs a concurrent collection every 30 s so that it does.
     */
    private static final List<Map.Entry<String, String>> OPTIONS = List.of(
            Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "30"),
            Map.entry("G1PeriodicGCInterval", "30000"));

    private HeapDefaults() {
    }

    public static void apply() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null) {
            return; // not HotSpot: its own defaults apply
        }
        for (Map.Entry<String, String> option : OPTIONS) {
            try {
                if (vm.getVMOption(option.getKey()).getOrigin() == VMOption.Origin.DEFAULT) {
                    vm.setVMOption(option.getKey(), option.getValue());
                }
            } catch (IllegalArgumentException e) {
                // a value the user gave to a neighbouring option rules this one out: theirs stands
                LOG.debug("JVM option {} left as it is: {}", option.getKey(), e.getMessage());
            }
        }
    }
}
