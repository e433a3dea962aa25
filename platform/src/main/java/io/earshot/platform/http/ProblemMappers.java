package io.earshot.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.opentelemetry.api.trace.Span;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into an RFC 9457 {@code application/problem+json} answer. Nothing internal
 * (stack traces, SQL, class names) leaves the service; unexpected failures are logged with the trace id that the
 * problem carries.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.problem(), uri);
        if (e.retryAfterSeconds() > 0) {
            response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream().map(ProblemMappers::fieldErrorOf)
                .toList();
        return respond(Problem.invalid(400, errors), uri);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e), uri);
    }

    /**
     * A body of the wrong JSON shape (a string where a list is expected, say): Quarkus REST has its own mapper for
     * this more specific exception, which would answer plain JSON; this one takes precedence.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized", "a valid bearer token is required"), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", "your role may not do this"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // Quarkus REST wraps a body it could not parse in a bare 400: answer with where the JSON went wrong.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request to %s failed", uri.getPath());
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = status >= 500 ? "the server could not complete the request" : e.getMessage();
        return respond(Problem.of(status, type.getReasonPhrase(), detail), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure of %s", uri.getPath());
        return respond(Problem.of(500, "Internal Server Error", "the server could not complete the request"), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return respond(problem, uri == null ? null : uri.getPath());
    }

    /**
     * The problem+json answer to a request for {@code path}: with the path as {@code instance} and the current trace
     * id, so that every problem, from a mapper or a filter, carries both.
     */
    public static Response respond(Problem problem, String path) {
        String trace = Span.current().getSpanContext().isValid() ? Span.current().getSpanContext().getTraceId() : null;
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(path, trace))
                .build();
    }

    /**
     * A violation as the field a client wrote: paths look like {@code ingest.body[2].items[0].text} (method, parameter,
     * then the body's fields), answered as {@code [2].items[0].text} with its JSON pointer; a query or path parameter
     * (or the body as a whole) is named by the parameter, without a pointer.
     */
    public static Problem.FieldError fieldErrorOf(ConstraintViolation<?> v) {
        return fieldErrorOf(v, "");
    }

    /**
     * The same for an object validated on its own, {@code prefix} saying where it sits in the body (a batch's
     * {@code "[3]."}, say).
     */
    public static Problem.FieldError fieldErrorOf(ConstraintViolation<?> v, String prefix) {
        StringBuilder field = new StringBuilder(prefix);
        String parameter = null;
        Path.MethodNode method = null;
        for (Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> {
                    method = node.as(Path.MethodNode.class);
                    continue;
                }
                case CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> {
                    continue;
                }
                case PARAMETER -> {
                    parameter = requestName(v.getRootBeanClass(), method, node.as(Path.ParameterNode.class));
                    continue;
                }
                default -> {
                }
            }
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                field.append(field.isEmpty() || field.charAt(field.length() - 1) == '.' ? "" : ".").append(node
                        .getName());
            }
        }
        if (field.length() == prefix.length()) {
            return new Problem.FieldError(parameter == null ? "body" : parameter, v.getMessage());
        }
        return Problem.FieldError.inBody(field.toString(), v.getMessage());
    }

    /**
     * A resource method's parameter as the request names it: its {@code @QueryParam}, {@code @PathParam}, ... name;
     * "body" for the body (a parameter without such an annotation); the Java name when the method is not found.
     */
    private static String requestName(Class<?> resource, Path.MethodNode method, Path.ParameterNode parameter) {
        if (method == null) {
            return parameter.getName();
        }
        // Quarkus may validate a generated subclass, whose override carries no parameter annotations.
        for (Class<?> c = resource; c != null && c != Object.class; c = c.getSuperclass()) {
            Annotation[][] all;
            try {
                all = c.getDeclaredMethod(method.getName(), method.getParameterTypes().toArray(Class<?>[]::new))
                        .getParameterAnnotations();
            } catch (NoSuchMethodException e) {
                continue;
            }
            String name = requestName(all[parameter.getParameterIndex()]);
            if (name != null) {
                return name.isEmpty() ? parameter.getName() : name;
            }
            if (Arrays.stream(all).anyMatch(a -> requestName(a) != null)) {
                return "body";
            }
        }
        return parameter.getName();
    }

    /** The name a JAX-RS parameter annotation gives ("" when it leaves it to the Java name), null for none. */
    private static String requestName(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            } else if (a instanceof PathParam p) {
                return p.value();
            } else if (a instanceof HeaderParam h) {
                return h.value();
            } else if (a instanceof FormParam f) {
                return f.value();
            } else if (a instanceof RestQuery q) {
                return q.value();
            } else if (a instanceof RestPath p) {
                return p.value();
            } else if (a instanceof RestForm f) {
                return f.value();
            } else if (a instanceof RestHeader h) {
                return h.value();
            }
        }
        return null;
    }

}
