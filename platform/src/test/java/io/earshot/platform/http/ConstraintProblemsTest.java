package io.earshot.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.earshot.platform.validation.Brand;
import io.earshot.platform.validation.EnumName;
import io.earshot.platform.validation.IsoInstant;
import io.earshot.platform.validation.MinDuration;
import io.earshot.platform.validation.OneOf;
import io.earshot.platform.validation.UuidText;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bean Validation's findings and hand-written checks answer bad fields in one shape. */
class ConstraintProblemsTest {
    record Item(@NotBlank String text) {}

    record Body(@NotBlank @Brand String brand, @Valid List<Item> items, List<@Size(max = 3) String> tags,
            @MinDuration("PT1M") Duration every) {}

    static class Resource {
        public void ingest(@Valid Body body, @Min(1) int limit, @UuidText String id) {}

        public void batch(@Valid List<Item> body) {}

        public void list(@QueryParam("priority") @UuidText String band, @NotNull @Valid Body request) {}
    }

    static final jakarta.validation.ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
    static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    static Problem problemOf(Set<? extends ConstraintViolation<?>> violations) {
        assertThat(violations).isNotEmpty();
        return Problem.invalid(400, violations.stream().map(ProblemMappers::fieldErrorOf).toList());
    }

    @Test
    void aBodyFieldIsNamedAsTheClientWroteItWithItsPointer() throws NoSuchMethodException {
        Body body = new Body("acme\u0007", List.of(new Item("ok"), new Item(" ")), List.of("ok", "too long"),
                Duration.ofSeconds(30));
        Method ingest = Resource.class.getMethod("ingest", Body.class, int.class, String.class);
        Problem p = problemOf(VALIDATOR.forExecutables().validateParameters(new Resource(), ingest,
                new Object[]{body, 0, "not-a-uuid"}));
        assertThat(p.errors()).extracting(Problem.FieldError::field, Problem.FieldError::pointer).containsExactly(
                tuple("brand", "/brand"), tuple("every", "/every"), tuple("id", null),
                tuple("items[1].text", "/items/1/text"), tuple("limit", null), tuple("tags[1]", "/tags/1"));
        assertThat(p.errors()).extracting(Problem.FieldError::message).contains(
                "must be at most 64 characters, without control characters", "must be a duration of at least PT1M",
                "must be a UUID");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).isEqualTo("6 invalid fields, first: brand: " + p.errors().get(0).message());
    }

    @Test
    void anElementOfABatchBodyIsNamedByItsIndex() throws NoSuchMethodException {
        Method batch = Resource.class.getMethod("batch", List.class);
        Problem p = problemOf(VALIDATOR.forExecutables().validateParameters(new Resource(), batch,
                new Object[]{List.of(new Item("a"), new Item(""))}));
        assertThat(p.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("[1].text");
            assertThat(f.pointer()).isEqualTo("/1/text");
        });
        assertThat(p.detail()).isEqualTo("[1].text: " + p.errors().get(0).message());
    }

    @Test
    void aParameterIsNamedAsTheRequestNamesItAndTheBodyAsBody() throws NoSuchMethodException {
        Method list = Resource.class.getMethod("list", String.class, Body.class);
        Problem p = problemOf(VALIDATOR.forExecutables().validateParameters(new Resource(), list,
                new Object[]{"P0", null}));
        assertThat(p.errors()).extracting(Problem.FieldError::field, Problem.FieldError::pointer).containsExactly(
                tuple("body", null), tuple("priority", null));
    }

    @Test
    void anObjectValidatedOnItsOwnIsNamedWhereItSitsInTheBody() {
        List<Problem.FieldError> errors = VALIDATOR.validate(new Body("acme", List.of(new Item("")), List.of(), null))
                .stream().map(v -> ProblemMappers.fieldErrorOf(v, "[3].")).toList();
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("[3].items[0].text");
            assertThat(f.pointer()).isEqualTo("/3/items/0/text");
        });
    }

    @Test
    void aHandWrittenCheckAnswersInTheSameShape() {
        Problem p = ProblemException.badRequest("name", "must not be blank").problem();
        Problem validated = problemOf(VALIDATOR.validate(new Body("acme", List.of(new Item("")), List.of(), null)));
        assertThat(p.detail()).isEqualTo("name: must not be blank");
        assertThat(validated.detail()).isEqualTo("items[0].text: " + validated.errors().get(0).message());
        assertThat(List.of(p, validated)).allSatisfy(problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.title()).isEqualTo("Bad Request");
            assertThat(problem.errors()).hasSize(1);
        });
        assertThat(ProblemException.unprocessable("url", "is not allowed").problem()).satisfies(u -> {
            assertThat(u.status()).isEqualTo(422);
            assertThat(u.detail()).isEqualTo("url: is not allowed");
        });
    }

    enum Kind {
        self_harm, grief
    }

    record Query(@OneOf(value = {"open", "all"}, allowBlank = true) String state, @OneOf(value = {
            "open"}, ignoreCase = false) String exact,
            @IsoInstant String from, @EnumName(Kind.class) String kind){}

    @Test
    void wordsInstantsAndEnumNamesSayWhatIsAllowed() {
        assertThat(VALIDATOR.validate(new Query("ALL", null, "2026-12-01T00:00:00Z", "grief"))).isEmpty();
        assertThat(VALIDATOR.validate(new Query(" ", null, "", null))).as("left out: the default applies").isEmpty();
        assertThat(problemOf(VALIDATOR.validate(new Query(null, " ", null, null))).errors()).extracting(
                Problem.FieldError::field).as("blank, where that is not leaving it out").containsExactly("exact");
        Problem p = problemOf(VALIDATOR.validate(new Query("closed", "OPEN", "yesterday", "Grief")));
        assertThat(p.errors()).extracting(Problem.FieldError::field, Problem.FieldError::message).containsExactly(
                tuple("exact", "must be one of [open]"), tuple("from",
                        "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"), tuple("kind",
                                "must be one of [self_harm, grief]"), tuple("state", "must be one of [open, all]"));
        assertThat(IsoInstant.Validator.instant(" ")).isNull();
    }

    @Test
    void aUuidMustBeWrittenInFull() {
        UuidText.Validator v = new UuidText.Validator();
        assertThat(v.isValid("2f1d3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", null)).isTrue();
        assertThat(v.isValid("1-1-1-1-1", null)).isFalse();
        assertThat(v.isValid("", null)).isFalse();
    }
}
