package io.earshot.contracts.events;

import java.util.List;

/**
 * An explainable composite risk score: {@code score = 100 x} the product of the factors' values, each factor with the
 * input it was computed from and the weight applied. {@code arithmetic} spells the whole computation out, e.g.
 * {@code 100 x negativity 0.80 (...) x velocity 1.48 (...) x reach 2.17 (...) = 256.9}. A factor that is unknown
 * (customer value of an author who is not a customer) is left out of the product, and its absence is stated.
 */
public record RiskScore(double score, List<Factor> factors, String arithmetic) {

    /** One factor: its name, value (multiplier), the weight applied, and its input in words. */
    public record Factor(String name, double value, double weight, String input) {}

    public RiskScore {
        factors = factors == null ? List.of() : List.copyOf(factors);
    }
}
