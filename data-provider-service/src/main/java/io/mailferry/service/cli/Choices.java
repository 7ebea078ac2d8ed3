package io.mailferry.service.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.TypeConversionException;

/**
 * An option's value among fixed choices, or picocli's "Invalid value for option '--role': 'src' is no role; use
 * source or target." — a {@link TypeConversionException}, whose message picocli shows as it is (any other exception
 * gets its Java class name appended).
 */
final class Choices {
    private Choices() {
    }

    /** The constant of {@code type} named {@code value} (any case; '-' for '_'); {@code what} names it when not. */
    static <E extends Enum<E>> E of(Class<E> type, String value, String what) {
        String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw refused(value, what, Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toArray(String[]::new));
    }

    /** "'x' is no {@code what}; use a, b or c." */
    static TypeConversionException refused(String value, String what, String... choices) {
        String list = choices.length == 1 ? choices[0] : Arrays.stream(choices, 0, choices.length - 1)
                .collect(Collectors.joining(", ")) + " or " + choices[choices.length - 1];
        return new TypeConversionException("'" + value + "' is no " + what + "; use " + list + ".");
    }
}
