// An endpoint that answers HTTP 500 with a web page instead of an AWS error (moto, LocalStack and
// other emulators do this for an action they do not implement) will answer the same way every time:
// the call is turned into a permanent, non-retried error that names the action, instead of a
// "service error" the SDK retries and imds reports as "run again later".

/** The endpoint answered an error page, not an AWS error: it does not implement the action. */
class NotImplementedByEndpoint extends Error {
  override name = "NotImplementedByEndpoint";
  constructor(
    readonly action: string,
    readonly status: number,
    readonly contentType: string,
  ) {
    super(
      `the endpoint answered ${action} with HTTP ${status} and a ${contentType} page, not an AWS error: it does not implement it`,
    );
  }
}

interface ResponseLike {
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/** HTTP 500 with a body that is neither XML nor JSON: what a web server says when nothing handles the call. */
function errorPage(err: unknown): { status: number; contentType: string } | undefined {
  const e = (err ?? {}) as ResponseLike;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const contentType = e.$response?.headers?.["content-type"];
  if (status !== 500 || contentType === undefined || /xml|json/i.test(contentType)) return undefined;
  return { status, contentType: contentType.split(";")[0]?.trim() ?? contentType };
}

/** The part of an SDK client's middleware stack this uses (every SDK v3 client has it). */
interface Stack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: "deserialize"; name: string; override: boolean; priority: "high" },
  ): void;
}

/**
 * Runs inside the SDK's retry loop (the deserialize step runs once per attempt): the error it
 * throws carries no HTTP status, so the retry strategy sees a client error and does not retry.
 */
export function rejectErrorPages(client: { middlewareStack: object }): void {
  // Every SDK v3 client's stack has `add`; its generic signature differs per client, so it is
  // used through the one shape this needs.
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        const page = errorPage(err);
        if (!page) throw err;
        const action = String(context.commandName ?? "").replace(/Command$/, "");
        throw new NotImplementedByEndpoint(action, page.status, page.contentType);
      }
    },
    // High priority: outside the deserializer, so the error it throws passes through here.
    { step: "deserialize", name: "imdsErrorPages", override: true, priority: "high" },
  );
}
