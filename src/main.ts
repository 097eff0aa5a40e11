/**
 * Process entry point (`npm start`): the only file that reads process.env and handles signals.
 * Everything it wires lives in bot.ts, which tests drive with plain objects.
 */
import { startBot } from "./bot.js";
import {
  type BotConfig,
  ConfigError,
  hasAnySlackToken,
  noSlackTokensHelp,
  parseConfig,
} from "./config.js";
import { mergeEnv, readEnvFile } from "./env-file.js";
import { createLogger } from "./log.js";

async function main(): Promise<void> {
  // A .env in the working directory is read if present; real environment variables win.
  const env = mergeEnv(await readEnvFile(".env"), process.env);
  if (!hasAnySlackToken(env)) {
    process.stderr.write(`${noSlackTokensHelp()}\n`);
    process.exitCode = 1;
    return;
  }
  let config: BotConfig;
  try {
    config = parseConfig(env, { requireSlack: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({ config, log });
  } catch (error) {
    log.fatal({ err: error }, "essay-bot could not start");
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: letting the running job finish");
    // A second signal, or a stop that hangs, must not leave the process stuck forever.
    const force = setTimeout(() => {
      log.error({ signal }, "stop took longer than 25 s; exiting anyway");
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await bot.stop();
      log.info({}, "stopped");
    } catch (error) {
      log.error({ err: error }, "error while stopping");
      process.exitCode = 1;
    }
    // Sockets kept alive by HTTP agents would otherwise hold the process open after a clean stop.
    process.exit();
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

await main();
