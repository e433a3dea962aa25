package io.earshot.escalation.badinput;

import io.earshot.testing.ProblemSweep;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of this service's OpenAPI document, called with bad path and query parameters, malformed JSON,
 * bodies of the wrong shape and fields of the wrong type: no answer is a server error or names a Java class.
 */
@QuarkusTest
class ProblemSweepTest {
    @Test
    void noAnswerToBadInputNamesAJavaClassOrFailsTheServer() throws Exception {
        ProblemSweep.verify(Set.of());
    }
}
