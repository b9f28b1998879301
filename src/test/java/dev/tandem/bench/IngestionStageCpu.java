package dev.tandem.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.tandem.ingest.IngestHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetPropertyDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.InterceptStrategy;

/**
 * CPU time of the thread that runs each step of the document pipeline ({@code ingest-document}), summed per step and
 * per phase of the benchmark: parse, analyse, chunk, the embedding call, building and sending the bulk request. The
 * phase is the first folder of the document's path under the inbox ({@code warm-up/}, {@code measured/}). A step that
 * hands work to other threads (the embedding model's pool) counts only its own thread here; the benchmark accounts
 * those threads apart.
 */
final class IngestionStageCpu implements InterceptStrategy {

    private static final String ROUTE = "ingest-document";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Path inbox;
    private final Map<String, Map<String, LongAdder>> nanos = new ConcurrentHashMap<>();
    private final Map<String, Integer> order = new ConcurrentHashMap<>();

    IngestionStageCpu(Path inbox) {
        this.inbox = inbox;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
            Processor nextTarget) {
        if (!(definition instanceof ProcessorDefinition<?> step) || !step.getOutputs().isEmpty()) {
            return target; // a choice and its branches: their steps are counted one by one
        }
        RouteDefinition route = ProcessorDefinitionHelper.getRoute(step);
        if (route == null || !ROUTE.equals(route.getRouteId())) {
            return target;
        }
        String name = name(step);
        order.putIfAbsent(name, order.size());
        return exchange -> {
            long before = THREADS.getCurrentThreadCpuTime();
            try {
                target.process(exchange);
            } finally {
                long spent = THREADS.getCurrentThreadCpuTime() - before;
                nanos.computeIfAbsent(phase(exchange.getMessage().getHeader(IngestHeaders.SOURCE, String.class)),
                        p -> new ConcurrentHashMap<>()).computeIfAbsent(name, n -> new LongAdder()).add(spent);
            }
        };
    }

    private String phase(String source) {
        if (source == null || !source.startsWith(inbox.toString())) {
            return "other";
        }
        Path relative = inbox.relativize(Path.of(source));
        return relative.getNameCount() > 1 ? relative.getName(0).toString() : "other";
    }

    /** CPU seconds per phase and step, the steps in the order of the route. */
    Map<String, Map<String, Double>> seconds() {
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        nanos.forEach((phase, steps) -> {
            Map<String, Double> ordered = new LinkedHashMap<>();
            steps.entrySet().stream().sorted(Comparator.comparing(e -> order.get(e.getKey())))
                    .forEach(e -> ordered.put(e.getKey(), e.getValue().sum() / 1e9));
            result.put(phase, ordered);
        });
        return result;
    }

    private static String name(ProcessorDefinition<?> step) {
        if (step instanceof BeanDefinition bean) {
            return bean.getRef() + "." + bean.getMethod();
        }
        if (step instanceof ToDefinition to) {
            return to.getUri();
        }
        if (step instanceof SetPropertyDefinition property) {
            return "setProperty " + property.getName();
        }
        return step.getShortName();
    }
}
