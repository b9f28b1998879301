package dev.tandem.mcp.gateway;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.config.Secrets;

/**
 * {@code ${env:NAME}} and {@code ${NAME}} in mcp.json, replaced by the variable from the environment or {@code .env}.
 * Every value put in is learnt as a secret, so that it is masked wherever it would be logged.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern VARIABLE = Pattern.compile("(?:env:)?([A-Za-z_][A-Za-z0-9_]*)");

    private final Function<String, Optional<String>> variables;

    Placeholders(Function<String, Optional<String>> variables) {
        this.variables = variables;
    }

    /** The text with its placeholders replaced; {@code field} names where it came from in an error. */
    String expand(String text, String field) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Matcher variable = VARIABLE.matcher(m.group(1));
            if (!variable.matches()) {
                throw new ServerProblem(field + " has the placeholder ${" + m.group(1) + "}: only ${NAME} and"
                        + " ${env:NAME} are supported");
            }
            String name = variable.group(1);
            String value = variables.apply(name).orElseThrow(() -> new ServerProblem(field + " needs ${" + name
                    + "}, which is set neither in the environment nor in .env"));
            Secrets.learnValue(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Why one server cannot run; the others go on. */
    static final class ServerProblem extends RuntimeException {

        ServerProblem(String message) {
            super(message, null, false, false);
        }
    }
}
