export declare const EXAMPLES: string;
export declare const DOMAIN: string;
export declare const OFFLINE_PLAN_ARGS: readonly string[];
export interface BookinfoOnMoto {
  zoneId: string;
  /** Manifest directories per cluster, rewritten to moto's load balancers. */
  dirs: Record<"cluster-1" | "cluster-2", string>;
  /** Example DNS name → moto's DNS name. */
  loadBalancers: Map<string, string>;
}
export declare function bookinfoOnMoto(endpoint: string): Promise<BookinfoOnMoto>;
export declare function defaultSubnetIds(endpoint: string, region: string): Promise<string[]>;
