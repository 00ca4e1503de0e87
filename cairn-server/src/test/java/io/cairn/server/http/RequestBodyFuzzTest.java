package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.api.HeartbeatRequest;
import io.cairn.api.InstanceRequest;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import java.util.function.Supplier;

/**
 * Fuzz target for request bodies: strict JSON decoding ({@link RequestJson}), a registration's
 * defaults and checks ({@link RegistrationBody}) and the rules ({@code core.model.InstanceRules}).
 * Contract: a body either becomes a valid instance, or fails with a 4xx {@link ApiException} or an
 * {@link InvalidFieldException} (both answered 400 naming the field); any other throwable would
 * be a 500 and is a finding. And {@link RequestJson#read}'s one-pass shortcut answers exactly what
 * its two steps alone answer: the same value, or the same error.
 */
class RequestBodyFuzzTest {

    private static final ServiceKey WEB = new ServiceKey("default", "web");
    private final RequestJson json = new RequestJson();

    @FuzzTest(maxDuration = "2m")
    void registration(byte[] body) {
        assertThat(outcome(() -> json.read(body, InstanceRequest.class)))
                .isEqualTo(outcome(() -> json.readInTwoSteps(body, InstanceRequest.class)));
        Instance instance;
        try {
            instance = RegistrationBody.instance(json.read(body, InstanceRequest.class), WEB, "web-1");
        } catch (ApiException e) {
            assertThat(e.status()).isBetween(400, 499);
            return;
        } catch (InvalidFieldException e) {
            assertThat(e.field()).isNotBlank();
            return;
        }
        assertThat(InstanceRules.validate(instance)).isEqualTo(instance);
    }

    @FuzzTest(maxDuration = "1m")
    void heartbeat(byte[] body) {
        assertThat(outcome(() -> json.read(body, HeartbeatRequest.class)))
                .isEqualTo(outcome(() -> json.readInTwoSteps(body, HeartbeatRequest.class)));
        try {
            json.read(body, HeartbeatRequest.class);
        } catch (ApiException e) {
            assertThat(e.status()).isBetween(400, 499);
        }
    }

    /** A read's value, or its error's status, code, message and field. */
    private static Object outcome(Supplier<?> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            return e.status() + " " + e.code() + " " + e.getMessage() + " " + e.field();
        }
    }
}
