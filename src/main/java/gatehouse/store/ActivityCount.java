package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One node's count of one kind of event in one hour ({@code gatehouse_activity}); the console home adds the nodes'
 * rows up. Only the node named in a row writes it ({@link gatehouse.metrics.Activity}), so increments never race.
 */
@Entity
@Table(name = "gatehouse_activity")
@IdClass(ActivityCount.Key.class)
public class ActivityCount {
    /** The hour's start, epoch milliseconds (UTC). */
    @Id @Column(name = "hour_start") public long hourStart;
    @Id public String node;
    @Id public String kind;
    public long events;

    public static final class Key implements Serializable {
        public long hourStart;
        public String node;
        public String kind;

        public Key() { }

        public Key(long hourStart, String node, String kind) {
            this.hourStart = hourStart;
            this.node = node;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hourStart == hourStart && Objects.equals(k.node, node) && Objects.equals(k.kind, kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hourStart, node, kind);
        }
    }
}
