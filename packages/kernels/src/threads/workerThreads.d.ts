/**
 * The slice of Node's worker_threads that the thread pool uses, typed here because core compiles without
 * Node's types (its main entry must stay free of them, to run in browsers).
 */
declare module "node:worker_threads" {
  export class MessagePort {
    postMessage(message: unknown): void;
    unref(): void;
    close(): void;
  }
  export class MessageChannel {
    readonly port1: MessagePort;
    readonly port2: MessagePort;
  }
  export class Worker {
    constructor(
      code: string,
      options: { eval: true; workerData: unknown; transferList: readonly MessagePort[]; name?: string },
    );
    ref(): void;
    unref(): void;
    terminate(): Promise<number>;
    on(event: "error", listener: (error: Error) => void): this;
    once(event: "online", listener: () => void): this;
    once(event: "error", listener: (error: Error) => void): this;
  }
}
