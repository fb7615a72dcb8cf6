/**
 * The slice of Node's worker_threads that the thread pool uses, typed here because this package compiles
 * without Node's types (its main entry must stay free of them, to run in browsers).
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
      options: {
        eval: true;
        workerData: unknown;
        transferList: readonly MessagePort[];
        name?: string;
        execArgv?: readonly string[];
      },
    );
    ref(): void;
    unref(): void;
    terminate(): Promise<number>;
    postMessage(message: unknown): void;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: "message", listener: (message: never) => void): this;
    off(event: "message", listener: (message: never) => void): this;
    once(event: "online", listener: () => void): this;
    once(event: "error", listener: (error: Error) => void): this;
    once(event: "exit", listener: (exitCode: number) => void): this;
  }
}
