package com.callbasis.config.yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML node that knows its file position and dotted path, for readers that must report problems as
 * {@code file:line: path: message}. Typed getters record a problem (and return empty) instead of
 * throwing, so one pass finds every mistake in a file.
 *
 * <p>We compose nodes with SnakeYAML Engine rather than binding to objects because binding loses line
 * numbers, and an operator fixing a refused file needs them.
 */
public final class YamlNode {
    private final Node node;
    private final String path;
    private final Problems problems;

    private YamlNode(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Parses a file; a file that is no text (see {@link YamlText}) or a syntax error is recorded in
     * {@code problems} and yields empty. {@code kind} and {@code example} name what the file should be.
     */
    public static Optional<YamlNode> parse(Path file, String kind, String example, Problems problems) {
        return YamlText.read(file, kind, example, problems).flatMap(text -> parse(text, problems));
    }

    /** Parses YAML text; {@code problems.file()} names it in messages. */
    public static Optional<YamlNode> parse(String text, Problems problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(problems.file()).setAllowDuplicateKeys(true).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                problems.error(1, "", "file is empty");
                return Optional.empty();
            }
            return Optional.of(new YamlNode(root.get(), "", problems));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            problems.error(line, "", "YAML syntax: " + e.getProblem());
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.error(0, "", "YAML syntax: " + e.getMessage());
            return Optional.empty();
        }
    }

    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    public void error(String message) {
        problems.error(line(), path, message);
    }

    public void warning(String message) {
        problems.warning(line(), path, message);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** Entries of a mapping in file order; records a problem if this is not a mapping or a key repeats. */
    public Map<String, YamlNode> entries() {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            error("expected a mapping (key: value)");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                new YamlNode(t.getKeyNode(), path, problems).error("keys must be plain strings");
                continue;
            }
            String childPath = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
            YamlNode child = new YamlNode(t.getValueNode(), childPath, problems);
            if (out.containsKey(k.getValue())) {
                new YamlNode(k, childPath, problems).error("duplicate key");
                continue;
            }
            out.put(k.getValue(), child);
        }
        return out;
    }

    /** Records a problem for every key not in {@code known}; returns the entries. */
    public Map<String, YamlNode> entries(Collection<String> known) {
        Map<String, YamlNode> out = entries();
        for (Map.Entry<String, YamlNode> e : out.entrySet()) {
            if (!known.contains(e.getKey())) {
                e.getValue().error("unknown field (expected one of " + String.join(", ", Set.copyOf(known).stream().sorted().toList()) + ")");
            }
        }
        return out;
    }

    public List<YamlNode> items() {
        List<YamlNode> out = new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            error("expected a list");
            return out;
        }
        int i = 0;
        for (Node n : seq.getValue()) {
            out.add(new YamlNode(n, path + "[" + i++ + "]", problems));
        }
        return out;
    }

    /** True for a YAML null ({@code null}, {@code ~}, or no value), so a reader can accept null without a problem. */
    public boolean isNull() {
        return node instanceof ScalarNode s && (s.getTag().getValue().endsWith(":null") || s.getValue().equals("~"));
    }

    /** A scalar's text, or empty (with a problem) when this is not a scalar. YAML null gives empty too. */
    public Optional<String> text() {
        if (!(node instanceof ScalarNode s)) {
            error("expected a single value");
            return Optional.empty();
        }
        String v = s.getValue();
        if (s.getTag().getValue().endsWith(":null") || v.equals("~")) {
            error("value is missing");
            return Optional.empty();
        }
        return Optional.of(v);
    }

    public Optional<String> nonEmptyText() {
        Optional<String> t = text();
        if (t.isPresent() && t.get().isBlank()) {
            error("must not be empty");
            return Optional.empty();
        }
        return t;
    }

    public Optional<Integer> integer(int min, int max) {
        Optional<String> t = text();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            int v = Integer.parseInt(t.get().trim());
            if (v < min || v > max) {
                error("must be between " + min + " and " + max + ", got " + v);
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            error("expected a whole number, got '" + t.get() + "'");
            return Optional.empty();
        }
    }

    public Optional<Boolean> bool() {
        Optional<String> t = text();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        return switch (t.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                error("expected true or false, got '" + t.get() + "'");
                yield Optional.empty();
            }
        };
    }

    /** An ISO-8601 duration such as {@code PT32S}, or a shorthand such as {@code 32s}, {@code 500ms}, {@code 2h}. */
    public Optional<Duration> duration() {
        Optional<String> t = text();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String s = t.get().trim();
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Optional.of(Duration.parse(s));
            }
            if (s.endsWith("ms")) {
                return Optional.of(Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2))));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's': return Optional.of(Duration.ofSeconds(n));
                case 'm': return Optional.of(Duration.ofMinutes(n));
                case 'h': return Optional.of(Duration.ofHours(n));
                default: break;
            }
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            // fall through to the problem below
        }
        error("expected a duration such as 32s, 500ms, 2h or PT32S, got '" + s + "'");
        return Optional.empty();
    }

    /** An ISO-8601 period such as {@code P5Y} or {@code P90D}. */
    public Optional<Period> period() {
        Optional<String> t = text();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Period.parse(t.get().trim()));
        } catch (DateTimeParseException e) {
            error("expected an ISO-8601 period such as P5Y or P90D, got '" + t.get() + "'");
            return Optional.empty();
        }
    }

    /** A list of scalars; a single scalar is accepted as a one-item list. */
    public List<String> texts() {
        if (node instanceof ScalarNode) {
            return text().map(List::of).orElse(List.of());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) {
            item.text().ifPresent(out::add);
        }
        return out;
    }
}
