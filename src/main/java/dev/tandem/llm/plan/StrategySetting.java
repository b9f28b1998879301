package dev.tandem.llm.plan;

import java.util.List;

import dev.tandem.config.AcceptedValues;

/** TANDEM_LLM_STRATEGY accepts exactly the strategies a request may name. */
public final class StrategySetting implements AcceptedValues {

    public static final String KEY = "tandem.llm.strategy";

    @Override
    public String setting() {
        return KEY;
    }

    @Override
    public List<String> values() {
        return Strategies.NAMES;
    }
}
