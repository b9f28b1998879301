package dev.tandem.llm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.tandem.config.InvalidSettingException;

/**
 * US dollars per million input and output tokens, per backend id, from {@code TANDEM_LLM_PRICES}:
 * {@code ollama/*=0/0;bedrock/amazon.nova-lite-v1:0=0.06/0.24}. {@code kind/*} prices every model of a kind.
 * A backend without a price has no cost estimate (never a guessed one).
 */
public final class Prices {

    public record Price(double inputPerMillion, double outputPerMillion) {

        public double of(TokenUsage usage) {
            return (usage.inputTokens() * inputPerMillion + usage.outputTokens() * outputPerMillion) / 1_000_000;
        }
    }

    private final Map<String, Price> table;

    private Prices(Map<String, Price> table) {
        this.table = Map.copyOf(table);
    }

    public static Prices parse(String setting) {
        Map<String, Price> table = new LinkedHashMap<>();
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String[] amounts = eq < 0 ? new String[0] : entry.substring(eq + 1).strip().split("/");
            try {
                if (amounts.length != 2) {
                    throw new NumberFormatException();
                }
                table.put(entry.substring(0, eq).strip(),
                        new Price(Double.parseDouble(amounts[0].strip()), Double.parseDouble(amounts[1].strip())));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("Setting TANDEM_LLM_PRICES (tandem.llm.prices) has '" + entry.strip()
                        + "': expected <backend id>=<input $ per 1M tokens>/<output $ per 1M tokens>, entries"
                        + " separated by ';'.");
            }
        }
        return new Prices(table);
    }

    public Optional<Price> of(String backendId) {
        Price exact = table.get(backendId);
        if (exact != null) {
            return Optional.of(exact);
        }
        int slash = backendId.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.ofNullable(table.get(backendId.substring(0, slash) + "/*"));
    }
}
