package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ApiError;
import org.junit.jupiter.api.Test;

/** Which error answers are worth asking again, for watches, registration and first lookups alike. */
class CairnClientExceptionTest {

    private static boolean retryable(int status) {
        return new CairnClientException(status, new ApiError("x", "y", null)).isRetryable();
    }

    @Test
    void busyOrUnavailableIsRetryableARefusalIsNot() {
        for (int status : new int[] {408, 425, 429, 500, 502, 503, 504}) {
            assertThat(retryable(status)).as("status %d", status).isTrue();
        }
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 414, 415}) {
            assertThat(retryable(status)).as("status %d", status).isFalse();
        }
    }
}
