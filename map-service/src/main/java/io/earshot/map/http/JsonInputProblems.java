package io.earshot.map.http;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.earshot.contracts.http.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body of the wrong JSON shape (an object where a list is expected, say) answers problem+json naming the
 * field like every other 4xx: Quarkus's own mapper for this more specific exception would otherwise answer first.
 */
public class JsonInputProblems {
    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return problems.json(e, uri);
    }
}
