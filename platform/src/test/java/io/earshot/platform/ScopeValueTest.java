package io.earshot.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.platform.security.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeValueTest {
    @Test
    void aBrandsClaimGrantsThoseBrandsInEveryQueueUnlessQueuesAreNamed() {
        Scope acme = Scope.of(List.of("acme", " ", "globex"), null);
        assertThat(acme.covers("acme", "vip")).isTrue();
        assertThat(acme.covers("globex", "care")).isTrue();
        assertThat(acme.brand("initech")).isFalse();
        assertThat(acme.brand(null)).isFalse();
        Scope legal = Scope.of(List.of("acme"), List.of("legal"));
        assertThat(legal.covers("acme", "legal")).isTrue();
        assertThat(legal.covers("acme", "care")).isFalse();
    }

    @Test
    void theWildcardGrantsEverythingAndNothingGrantsNothing() {
        assertThat(Scope.of(List.of("*"), List.of("*"))).isEqualTo(Scope.ALL);
        assertThat(Scope.ALL.covers("any", "queue")).isTrue();
        assertThat(Scope.NONE.isEmpty()).isTrue();
        assertThat(Scope.NONE.covers("acme", "care")).isFalse();
        assertThat(Scope.of(List.of(), null).isEmpty()).isTrue();
    }

    @Test
    void aUnionJoinsBrandsAndLiftsAQueueRestrictionOnlyWhenEitherHasNone() {
        Scope both = Scope.of(List.of("acme"), List.of("legal")).union(Scope.of(List.of("globex"), List.of("vip")));
        assertThat(both.brands()).containsExactlyInAnyOrder("acme", "globex");
        assertThat(both.queue("legal")).isTrue();
        assertThat(both.queue("care")).isFalse();
        assertThat(both.union(Scope.NONE)).isEqualTo(both);
        assertThat(Scope.NONE.union(both)).isEqualTo(both);
        assertThat(both.union(Scope.of(List.of("initech"), null)).queue("care")).isTrue();
    }

    @Test
    void theSqlConditionBindsOneParameterPerGrantedBrand() {
        Scope two = Scope.of(List.of("globex", "acme"), null);
        assertThat(two.brandCondition("r.brand", "?", 3)).isEqualTo("r.brand in (?3, ?4)");
        assertThat(two.brandParams()).containsExactly("acme", "globex");
        assertThat(two.brandCondition("brand", "$", 1)).isEqualTo("brand in ($1, $2)");
        assertThat(Scope.ALL.brandCondition("brand", "?", 1)).isEqualTo("true");
        assertThat(Scope.ALL.brandParams()).isEmpty();
        assertThat(Scope.NONE.brandCondition("brand", "?", 1)).isEqualTo("false");
        assertThat(Scope.NONE.brandParams()).isEmpty();
    }
}
