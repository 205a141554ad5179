import type { RecordSet } from "./record-set.js";

/** A Route 53 hosted zone and the record sets it holds. */
export interface HostedZone {
  /** The zone id without Route 53's `/hostedzone/` prefix, e.g. `Z0123456789ABC`. */
  id: string;
  /** Absolute, lowercase zone name, e.g. `tse.tetratelabs.io.`. */
  name: string;
  private: boolean;
  records: RecordSet[];
  /**
   * The zone's tags (`ListTagsForResources`), read only when `--zone-tags` needs them, and then only
   * for zones the other filters allow; absent: not read (a snapshot without `Tags`: none).
   */
  tags?: Record<string, string>;
}

/** Strip Route 53's `/hostedzone/` prefix so ids from every API compare equal. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, "");
}
