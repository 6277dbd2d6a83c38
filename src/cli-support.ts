import { Command, CommanderError, Help, Option } from "commander";

/** Chinese texts for commander's own errors, by error code. */
const ERRORS: Record<string, (msg: string) => string> = {
  "commander.unknownOption": (m) => `未知选项：${quoted(m)}（用 --help 查看可用选项）`,
  "commander.unknownCommand": (m) => `未知命令：${quoted(m)}（用 --help 查看可用命令）`,
  "commander.missingArgument": (m) => `缺少参数：${quoted(m)}`,
  "commander.optionMissingArgument": (m) => `选项缺少取值：${quoted(m)}`,
  "commander.missingMandatoryOptionValue": (m) => `缺少必填选项：${quoted(m)}`,
  "commander.invalidArgument": (m) => `参数不正确：${m.replace(/^error: /, "")}`,
  "commander.excessArguments": () => `参数太多（用 --help 查看用法）`,
};

function quoted(m: string): string {
  return /'([^']+)'/.exec(m)?.[1] ?? m.replace(/^error: /, "");
}

/** Applies Chinese help labels and one-line Chinese errors to a command and its subcommands. */
export function localise(cmd: Command): Command {
  cmd.helpOption("-h, --help", "显示帮助");
  if (cmd.commands.length) cmd.helpCommand("help [命令]", "显示某个命令的帮助");
  else cmd.helpCommand(false);
  cmd.configureHelp({
    formatHelp: (c, helper) =>
      Help.prototype.formatHelp
        .call(helper, c, helper)
        .replace(/^Usage:/m, "用法：")
        .replace(/^Arguments:/m, "参数：")
        .replace(/^Options:/m, "选项：")
        .replace(/^Commands:/m, "命令：")
        .replace(/\(default: ([^)]*)\)/g, "（默认：$1）"),
  });
  cmd.exitOverride();
  cmd.configureOutput({ outputError: () => undefined });
  for (const sub of cmd.commands) localise(sub);
  return cmd;
}

/** The `--db FILE` option every command takes. */
export function dbOption(): Option {
  return new Option("--db <FILE>", "数据库文件（默认 DB_FILE，即 data/gonghui.db）");
}

/** Runs the program; commander errors become one Chinese line and exit code 2. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  localise(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version") process.exit(0);
      const fmt = ERRORS[err.code];
      process.stderr.write(`错误：${fmt ? fmt(err.message) : err.message.replace(/^error: /, "")}\n`);
      process.exit(2);
    }
    if (err instanceof UsageError) {
      process.stderr.write(`错误：${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`错误：${(err as Error)?.message ?? err}\n`);
    process.exit(1);
  }
}

/** A bad argument found by a command itself: printed as one line, exit code 2. */
export class UsageError extends Error {}
