package io.earshot.listener.imports;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One entry of an import's error report: a row that was not imported and why. */
@Entity
@Table(name = "import_errors")
public class ImportErrorEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "import_id")
    public UUID importId;
    @Column(name = "row_no")
    public long row;
    public String field;
    public String message;
}
