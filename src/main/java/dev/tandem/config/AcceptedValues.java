package dev.tandem.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The values a setting accepts when the feature that reads it defines them (the strategies of the llm package): the
 * settings check finds them through {@link ServiceLoader}, so this package names no feature. An implementation is
 * listed in {@code META-INF/services/dev.tandem.config.AcceptedValues}.
 */
public interface AcceptedValues {

    /** The property, such as {@code tandem.llm.strategy}. */
    String setting();

    /** The accepted values, in the order an error message lists them. */
    List<String> values();

    static List<String> of(String setting) {
        return ServiceLoader.load(AcceptedValues.class, AcceptedValues.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(values -> values.setting().equals(setting)).findFirst()
                .map(AcceptedValues::values)
                .orElseThrow(() -> new IllegalStateException("No feature lists the values " + setting + " accepts:"
                        + " META-INF/services/" + AcceptedValues.class.getName() + " lacks its implementation."));
    }
}
