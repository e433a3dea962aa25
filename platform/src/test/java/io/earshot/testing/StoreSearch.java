package io.earshot.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Searches a whole PostgreSQL database for strings, generically: every text-like column (text, varchar, char, json,
 * jsonb, arrays) of every table in the public schema, found through information_schema, compared case-insensitively.
 * Used to prove that an erased subject's identifiers are nowhere left.
 */
public final class StoreSearch {
    private StoreSearch() {}

    /** Every "table.column: value" holding one of {@code needles} (case-insensitive), in the database at {@code url}. */
    public static List<String> find(String url, String user, String password, Collection<String> needles) {
        try (Connection c = DriverManager.getConnection(url, user, password == null ? "" : password)) {
            return find(c, needles);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot search " + url + ": " + e.getMessage(), e);
        }
    }

    public static List<String> find(Connection c, Collection<String> needles) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                  and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY'))
                order by c.table_name, c.ordinal_position""");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("no text columns found: wrong database?");
        }
        List<String> hits = new ArrayList<>();
        for (String[] col : columns) {
            String sql = "select cast(\"" + col[1] + "\" as text) from \"" + col[0] + "\" where strpos(lower(cast(\""
                    + col[1] + "\" as text)), lower(?)) > 0 limit 5";
            for (String needle : needles) {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    st.setString(1, needle);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            String v = rs.getString(1);
                            hits.add(col[0] + "." + col[1] + " holds '" + needle + "': "
                                    + (v.length() > 300 ? v.substring(0, 300) + "..." : v));
                        }
                    }
                }
            }
        }
        return hits;
    }
}
