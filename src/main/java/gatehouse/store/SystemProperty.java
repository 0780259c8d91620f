package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A value the installation keeps about itself (e.g. that demo data was seeded). */
@Entity
@Table(name = "gh_property")
public class SystemProperty {
    @Id public String name;
    @Column(name = "prop_value") public String value;
}
