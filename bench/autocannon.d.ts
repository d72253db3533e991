/** The part of autocannon 9's API the HTTP bench uses (the package ships no types). */
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    /** Worker threads that make the requests (connections are divided among them). */
    workers?: number;
  }
  interface Result {
    latency: { p50: number; p90: number; p97_5: number; p99: number; average: number; max: number };
    requests: { average: number; total: number };
    errors: number;
    non2xx: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
