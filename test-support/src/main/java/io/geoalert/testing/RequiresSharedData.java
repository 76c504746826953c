package io.geoalert.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that read {@code ../shared}. In a user's clone without it they are reported
 * as skipped, naming the missing path; with {@code GEOALERT_REQUIRE_SHARED=true} (CI) they fail.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresSharedData.Condition.class)
public @interface RequiresSharedData {

    /** Paths under the shared folder that the test reads. */
    String[] value();

    /** Evaluates {@link RequiresSharedData}. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RequiresSharedData> annotation =
                    context.getElement().map(e -> e.getAnnotation(RequiresSharedData.class));
            if (annotation.isEmpty()) {
                return ConditionEvaluationResult.enabled("no shared material needed");
            }
            Optional<Path> root = SharedData.root();
            for (String relative : annotation.get().value()) {
                if (root.isEmpty() || !Files.exists(root.get().resolve(relative))) {
                    String message = "test material ../shared/" + relative + " is not present";
                    if (SharedData.required()) {
                        throw new IllegalStateException(message + " and GEOALERT_REQUIRE_SHARED=true");
                    }
                    // surefire keeps skip reasons in its reports only; say it where people look
                    System.out.println("[RequiresSharedData] skipped " + context.getDisplayName() + ": " + message);
                    return ConditionEvaluationResult.disabled(message);
                }
            }
            return ConditionEvaluationResult.enabled("shared material present");
        }
    }
}
