package dev.tandem.llm.plan;

import java.util.List;
import java.util.Locale;

import dev.tandem.http.InvalidRequestException;

/** The strategies a request may name: adding one means adding it here. */
public final class Strategies {

    private static final List<Strategy> ALL = List.of(new Hedge(), new ProviderFirst(), new LocalFirst(),
            new Fuse(), new Race(), new Minions());

    /** Every strategy's name, in the order the documentation lists them. */
    public static final List<String> NAMES = ALL.stream().map(Strategy::name).toList();

    private Strategies() {
    }

    public static Strategy named(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(s -> s.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("Unknown strategy '" + value + "': use one of "
                        + String.join(", ", NAMES) + "."));
    }
}
