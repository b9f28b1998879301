package dev.tandem.llm.agent;

import java.util.List;
import java.util.Locale;

import dev.tandem.http.InvalidRequestException;

/** The co-operative strategies a tool loop may name: adding one means adding it here. */
public final class AgentStrategies {

    private static final List<AgentStrategy> ALL = List.of(new ToolLoop(), new LocalPlans(),
            new ReadingToolLoop());

    public static final List<String> NAMES = ALL.stream().map(AgentStrategy::name).toList();

    /** The strategy of a request that names none. */
    public static final AgentStrategy DEFAULT = ALL.get(0);

    private AgentStrategies() {
    }

    public static AgentStrategy named(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(s -> s.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("Unknown agent strategy '" + value + "': use one of "
                        + String.join(", ", NAMES) + "."));
    }
}
