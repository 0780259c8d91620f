package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named sequence (e.g. incident numbers), advanced under a row lock. */
@Entity
@Table(name = "number_counter")
public class Counter {
    @Id public String name;
    @Column(name = "next_value") public long nextValue;
}
