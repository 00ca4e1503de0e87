package io.cairn.server.consul;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.api.CheckDefinition;
import io.cairn.api.InstanceRequest;
import io.cairn.core.model.Durations;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.http.RegistrationBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates the body of {@code PUT /v1/agent/service/register} (and the {@code Service} of a
 * catalog registration) into the native registration, which the native rules then validate: the
 * rules live once, in {@link RegistrationBody} and {@code InstanceRules}; this class only renames
 * fields and converts Go durations. Field names are matched without regard to case, as Consul's
 * decoder does; fields Cairn has no use for are ignored (docs/consul.md lists them).
 *
 * <p>Mapping: {@code ID} (default {@code Name}) is the instance id, {@code Name} the service;
 * {@code Weights.Passing} the weight; a {@code TTL} check is a native ttl check, {@code HTTP} and
 * {@code TCP} checks the native ones; {@code DeregisterCriticalServiceAfter} (the shortest over
 * the checks) the instance's {@code deregisterAfter}. The instance is persistent: it stays until
 * deregistered, like a service registered with a Consul agent.
 */
final class ConsulRegistration {

    private ConsulRegistration() {
    }

    /**
     * @param defaultAddress used when the body has no {@code Address} (Consul uses the agent's;
     *     Cairn the client's)
     * @param keepMeta metadata the instance keeps across a re-registration (maintenance)
     */
    static Instance instance(JsonNode body, String namespace, String defaultAddress, Map<String, String> keepMeta) {
        if (body == null || !body.isObject()) {
            throw ConsulError.badRequest("Request decode failed: the body must be a JSON object");
        }
        String name = text(body, "Name", "service name");
        if (name == null || name.isEmpty()) {
            throw ConsulError.badRequest("Missing service name");
        }
        String kind = text(body, "Kind", "Kind");
        if (kind != null && !kind.isEmpty()) {
            throw ConsulError.badRequest("Invalid service: Kind " + kind + " (Connect proxies and gateways) is not"
                    + " supported by Cairn");
        }
        String id = text(body, "ID", "service ID");
        if (id == null || id.isEmpty()) {
            id = name;
        }
        String address = text(body, "Address", "Address");
        if (address == null || address.isEmpty()) {
            address = defaultAddress;
        }
        JsonNode port = field(body, "Port");
        if (port != null && !port.isNull() && !(port.isIntegralNumber() && port.canConvertToInt())) {
            throw ConsulError.badRequest("Request decode failed: Port must be a number");
        }
        Integer weight = null;
        JsonNode weights = field(body, "Weights");
        if (weights != null && weights.isObject()) {
            JsonNode passing = field(weights, "Passing");
            if (passing != null && !(passing.isIntegralNumber() && passing.canConvertToInt())) {
                throw ConsulError.badRequest("Request decode failed: Weights.Passing must be a number");
            }
            weight = passing == null ? null : passing.asInt();
        }
        Map<String, String> meta = new LinkedHashMap<>(strings(body, "Meta"));
        meta.putAll(keepMeta);
        List<JsonNode> checkNodes = new ArrayList<>();
        JsonNode check = field(body, "Check");
        if (check != null && !check.isNull()) {
            checkNodes.add(check);
        }
        JsonNode checks = field(body, "Checks");
        if (checks != null && checks.isArray()) {
            checks.forEach(checkNodes::add);
        }
        List<CheckDefinition> defs = new ArrayList<>();
        long deregisterAfter = 0;
        for (int n = 0; n < checkNodes.size(); n++) {
            JsonNode c = checkNodes.get(n);
            if (!c.isObject()) {
                throw ConsulError.badRequest("Request decode failed: a check must be an object");
            }
            defs.add(check(c));
            String after = text(c, "DeregisterCriticalServiceAfter", "DeregisterCriticalServiceAfter");
            if (after != null && !after.isEmpty()) {
                long ms = ConsulDuration.millis("DeregisterCriticalServiceAfter", after);
                deregisterAfter = deregisterAfter == 0 ? ms : Math.min(deregisterAfter, ms);
            }
        }
        InstanceRequest req = new InstanceRequest(address, port == null || port.isNull() ? 0 : port.asInt(),
                tags(body), meta, weight, false, null, deregisterAfter == 0 ? null : Durations.format(deregisterAfter),
                defs.isEmpty() ? null : defs);
        try {
            return RegistrationBody.instance(req, new ServiceKey(namespace, InstanceRules.service(name)),
                    InstanceRules.instanceId(id));
        } catch (InvalidFieldException e) {
            throw ConsulError.badRequest("Invalid service: " + consulField(e.field()) + " " + e.rule());
        }
    }

    private static CheckDefinition check(JsonNode c) {
        String ttl = text(c, "TTL", "TTL");
        String http = text(c, "HTTP", "HTTP");
        String tcp = text(c, "TCP", "TCP");
        for (String unsupported : List.of("Script", "Args", "GRPC", "DockerContainerID", "H2PING", "AliasService",
                "AliasNode", "UDP", "OSService")) {
            JsonNode f = field(c, unsupported);
            if (f != null && !f.isNull() && !(f.isTextual() && f.asText().isEmpty()) && !(f.isArray() && f.isEmpty())) {
                throw ConsulError.badRequest("Invalid check: " + unsupported + " checks are not supported by Cairn;"
                        + " use TTL, HTTP or TCP");
            }
        }
        if (ttl != null && !ttl.isEmpty()) {
            long ms = ConsulDuration.millis("TTL", ttl);
            return new CheckDefinition("ttl", null, null, null, Durations.format(ms), null);
        }
        String interval = text(c, "Interval", "Interval");
        if ((http == null || http.isEmpty()) && (tcp == null || tcp.isEmpty())) {
            throw ConsulError.badRequest("Invalid check: TTL must be > 0 for TTL checks");
        }
        if (interval == null || interval.isEmpty()) {
            throw ConsulError.badRequest("Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks");
        }
        long every = ConsulDuration.millis("Interval", interval);
        String timeout = text(c, "Timeout", "Timeout");
        // Consul lets a timeout exceed the interval; a probe cannot outlast its interval here.
        String limit = timeout == null || timeout.isEmpty() ? null
                : Durations.format(Math.min(every, ConsulDuration.millis("Timeout", timeout)));
        return http != null && !http.isEmpty()
                ? new CheckDefinition("http", http, null, null, Durations.format(every), limit)
                : new CheckDefinition("tcp", null, null, tcp, Durations.format(every), limit);
    }

    private static final Map<String, String> FIELD_NAMES = Map.ofEntries(Map.entry("address", "Address"),
            Map.entry("port", "Port"), Map.entry("tags", "Tags"), Map.entry("meta", "Meta"),
            Map.entry("weight", "Weights.Passing"), Map.entry("service", "Name"), Map.entry("id", "ID"),
            Map.entry("deregisterAfter", "DeregisterCriticalServiceAfter"), Map.entry("checks", "Checks"),
            Map.entry("interval", "Interval"), Map.entry("timeout", "Timeout"), Map.entry("url", "HTTP"),
            Map.entry("target", "TCP"), Map.entry("type", "Type"));

    /** A native field name ({@code checks[0].interval}) in Consul's words ({@code Checks[0].Interval}), for error texts. */
    static String consulField(String field) {
        StringBuilder out = new StringBuilder();
        // Names of the structure are renamed; a metadata key after "meta." is the client's own.
        boolean inMeta = false;
        for (String part : field.split("(?=[.\\[])")) {
            String lead = part.startsWith(".") ? "." : "";
            String name = lead.isEmpty() ? part : part.substring(1);
            out.append(lead).append(inMeta || part.startsWith("[") ? name : FIELD_NAMES.getOrDefault(name, name));
            inMeta = name.equals("meta");
        }
        return out.toString();
    }

    /** A field by Consul's name, in any case; null when absent. */
    static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        var names = object.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.equalsIgnoreCase(name)) {
                return object.get(n);
            }
        }
        return null;
    }

    static String text(JsonNode object, String name, String what) {
        JsonNode f = field(object, name);
        if (f == null || f.isNull()) {
            return null;
        }
        if (!f.isTextual()) {
            throw ConsulError.badRequest("Request decode failed: " + what + " must be a string");
        }
        return f.asText();
    }

    private static List<String> tags(JsonNode body) {
        JsonNode f = field(body, "Tags");
        if (f == null || f.isNull()) {
            return List.of();
        }
        if (!f.isArray()) {
            throw ConsulError.badRequest("Request decode failed: Tags must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : f) {
            if (!t.isTextual()) {
                throw ConsulError.badRequest("Request decode failed: Tags must be a list of strings");
            }
            out.add(t.asText());
        }
        return out;
    }

    private static Map<String, String> strings(JsonNode body, String name) {
        JsonNode f = field(body, name);
        if (f == null || f.isNull()) {
            return Map.of();
        }
        if (!f.isObject()) {
            throw ConsulError.badRequest("Request decode failed: " + name + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = f.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw ConsulError.badRequest("Request decode failed: " + name + "." + e.getKey() + " must be a string");
            }
            if (e.getKey().equals(ConsulView.MAINTENANCE_KEY)) {
                throw ConsulError.badRequest("Invalid Service Meta: " + e.getKey() + " is reserved for maintenance mode");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
