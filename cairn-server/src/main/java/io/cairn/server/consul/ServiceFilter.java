package io.cairn.server.consul;

import io.cairn.core.model.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Consul's {@code ?filter=} expressions over a service instance, for the common cases (docs/consul.md):
 * {@code ==}, {@code !=}, {@code contains}, {@code not contains}, {@code in}, {@code not in},
 * {@code is empty}, {@code is not empty}, {@code matches}, {@code not matches}, combined with
 * {@code and}, {@code or}, {@code not} and parentheses. Selectors name the instance's fields under
 * any of the names Consul's endpoints give them: {@code ServiceName}/{@code Service.Service}/{@code Service},
 * {@code ServiceID}/{@code Service.ID}/{@code ID}, {@code ServiceTags}/{@code Service.Tags}/{@code Tags},
 * {@code ServiceAddress}/{@code Service.Address}/{@code Address}/{@code Node}/{@code Node.Node}/{@code Node.Address},
 * {@code ServicePort}/{@code Service.Port}/{@code Port} and {@code ServiceMeta.k}/{@code Service.Meta.k}/{@code Meta.k}.
 * Anything else is a 400 naming it.
 */
final class ServiceFilter implements Predicate<Instance> {

    private static final ServiceFilter ALL = new ServiceFilter(i -> true);

    private final Predicate<Instance> test;

    private ServiceFilter(Predicate<Instance> test) {
        this.test = test;
    }

    @Override
    public boolean test(Instance instance) {
        return test.test(instance);
    }

    /** @throws ConsulError 400 when the expression does not parse or names an unknown selector */
    static ServiceFilter parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return ALL;
        }
        Parser p = new Parser(tokens(expression));
        Predicate<Instance> t = p.or();
        if (p.at < p.tokens.size()) {
            throw invalid("unexpected " + p.tokens.get(p.at));
        }
        return new ServiceFilter(t);
    }

    private static ConsulError invalid(String why) {
        return ConsulError.badRequest("Failed to create boolean expression evaluator: " + why);
    }

    /** Words, operators, parentheses and quoted strings (kept with a leading quote mark). */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"' || c == '`') {
                StringBuilder b = new StringBuilder("\"");
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (c == '"' && s.charAt(j) == '\\' && j + 1 < s.length()) {
                        j++;
                    }
                    b.append(s.charAt(j++));
                }
                if (j >= s.length()) {
                    throw invalid("unterminated string");
                }
                out.add(b.toString());
                i = j + 1;
            } else if (s.startsWith("==", i) || s.startsWith("!=", i)) {
                out.add(s.substring(i, i + 2));
                i += 2;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()\"`=!".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                if (j == i) {
                    throw invalid("unexpected " + c);
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    /** Recursive descent over the tokens; {@code at} is the next one. */
    private static final class Parser {
        final List<String> tokens;
        int at;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        Predicate<Instance> or() {
            Predicate<Instance> left = and();
            while (peek("or")) {
                at++;
                left = left.or(and());
            }
            return left;
        }

        Predicate<Instance> and() {
            Predicate<Instance> left = unary();
            while (peek("and")) {
                at++;
                left = left.and(unary());
            }
            return left;
        }

        Predicate<Instance> unary() {
            if (peek("not")) {
                at++;
                return unary().negate();
            }
            if (peek("(")) {
                at++;
                Predicate<Instance> inner = or();
                expect(")");
                return inner;
            }
            return match();
        }

        Predicate<Instance> match() {
            String first = next();
            if (first.startsWith("\"") || isValueWord(first)) {
                // Value [not] in Selector
                boolean not = peek("not");
                if (not) {
                    at++;
                }
                expect("in");
                Selector sel = Selector.of(next());
                String value = value(first);
                Predicate<Instance> p = i -> sel.contains(i, value);
                return not ? p.negate() : p;
            }
            Selector sel = Selector.of(first);
            String op = next();
            switch (op) {
                case "==" -> {
                    String v = value(next());
                    return i -> v.equals(sel.text(i));
                }
                case "!=" -> {
                    String v = value(next());
                    return i -> !v.equals(sel.text(i));
                }
                case "contains" -> {
                    String v = value(next());
                    return i -> sel.contains(i, v);
                }
                case "matches" -> {
                    Pattern re = regex(value(next()));
                    return i -> re.matcher(sel.text(i)).find();
                }
                case "is" -> {
                    boolean not = peek("not");
                    if (not) {
                        at++;
                    }
                    expect("empty");
                    Predicate<Instance> empty = sel::empty;
                    return not ? empty.negate() : empty;
                }
                case "not" -> {
                    String what = next();
                    if (what.equals("contains")) {
                        String v = value(next());
                        return i -> !sel.contains(i, v);
                    }
                    if (what.equals("matches")) {
                        Pattern re = regex(value(next()));
                        return i -> !re.matcher(sel.text(i)).find();
                    }
                    throw invalid("unexpected " + what + " after not");
                }
                default -> throw invalid("unknown operator " + op);
            }
        }

        private static boolean isValueWord(String t) {
            return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.equals("true") || t.equals("false"));
        }

        private static String value(String token) {
            if (token.startsWith("\"")) {
                return token.substring(1);
            }
            if (token.equals("(") || token.equals(")") || token.equals("==") || token.equals("!=")) {
                throw invalid("a value was expected, got " + token);
            }
            return token;
        }

        private static Pattern regex(String text) {
            try {
                return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw invalid("invalid regular expression " + text);
            }
        }

        boolean peek(String word) {
            return at < tokens.size() && tokens.get(at).equals(word);
        }

        String next() {
            if (at >= tokens.size()) {
                throw invalid("unexpected end of expression");
            }
            return tokens.get(at++);
        }

        void expect(String word) {
            if (!peek(word)) {
                throw invalid("expected " + word + (at < tokens.size() ? ", got " + tokens.get(at) : " at the end"));
            }
            at++;
        }
    }

    /** One field of an instance, under its Consul names. */
    private record Selector(String field, String metaKey) {

        static Selector of(String text) {
            String t = text.startsWith("Service.") ? "Service" + text.substring("Service.".length()) : text;
            if (t.startsWith("ServiceMeta.") || t.startsWith("Meta.")) {
                return new Selector("meta", t.substring(t.indexOf('.') + 1));
            }
            String field = switch (t) {
                case "ServiceName", "ServiceService", "Service" -> "name";
                case "ServiceID", "ID" -> "id";
                case "ServiceTags", "Tags" -> "tags";
                case "ServiceAddress", "Address", "Node", "NodeNode", "Node.Node", "Node.Address" -> "address";
                case "ServicePort", "Port" -> "port";
                case "ServiceMeta", "Meta" -> "metamap";
                default -> throw invalid("Selector \"" + text + "\" is not valid");
            };
            return new Selector(field, null);
        }

        String text(Instance i) {
            return switch (field) {
                case "name" -> i.key().service();
                case "id" -> i.id();
                case "address" -> i.address();
                case "port" -> Integer.toString(i.port());
                case "meta" -> i.meta().getOrDefault(metaKey, "");
                case "tags" -> String.join(",", i.tags());
                default -> "";
            };
        }

        boolean contains(Instance i, String value) {
            return switch (field) {
                case "tags" -> i.tags().contains(value);
                case "metamap" -> ConsulView.meta(i).containsKey(value);
                default -> text(i).contains(value);
            };
        }

        boolean empty(Instance i) {
            Map<String, String> meta = ConsulView.meta(i);
            return switch (field) {
                case "tags" -> i.tags().isEmpty();
                case "metamap" -> meta.isEmpty();
                default -> text(i).isEmpty();
            };
        }
    }
}
