import { describe, expect, it } from "vitest";
import { type AwsSettings, createAwsClients } from "../../../src/aws/clients.js";
import { DEFAULT_REQUEST_DEADLINES, DeadlineHttpHandler } from "../../../src/aws/deadline-handler.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../../../src/aws/rate-limiter.js";

const settings: AwsSettings = {
  endpoint: "http://127.0.0.1:5000",
  region: "eu-west-2",
  rateLimits: DEFAULT_RATE_LIMIT_CONFIG,
  timeouts: DEFAULT_REQUEST_DEADLINES,
};

describe("createAwsClients", () => {
  it("builds clients without SDK retries, behind our deadline handler, at the given endpoint", async () => {
    const clients = createAwsClients(settings);
    for (const client of [clients.route53, clients.elbV2For("ap-south-1")]) {
      expect(await client.config.maxAttempts()).toBe(1);
      expect(client.config.requestHandler).toBeInstanceOf(DeadlineHttpHandler);
      expect(await client.config.endpoint?.()).toMatchObject({ hostname: "127.0.0.1", port: 5000 });
      client.destroy();
    }
  });

  it("puts Route 53 in the settings' region and each ELBv2 client in its own", async () => {
    const clients = createAwsClients(settings);
    expect(await clients.route53.config.region()).toBe("eu-west-2");
    const elb = clients.elbV2For("ap-south-1");
    expect(await elb.config.region()).toBe("ap-south-1");
    // One handler per client: a client destroys its handler with itself.
    expect(elb.config.requestHandler).not.toBe(clients.route53.config.requestHandler);
    clients.route53.destroy();
    elb.destroy();
  });
});
