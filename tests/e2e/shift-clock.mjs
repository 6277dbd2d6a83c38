// Preloaded (node --import) into a bot started by a test: the wall clock runs at normal speed,
// shifted by the number of milliseconds written in the file named by GONGHUI_TEST_CLOCK_FILE,
// so a test can let "2分钟后" arrive without waiting two minutes. Timers are unaffected.
import fs from "node:fs";
import process from "node:process";

const file = process.env.GONGHUI_TEST_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  let offset = 0;
  const read = () => {
    try {
      offset = Number(fs.readFileSync(file, "utf8")) || 0;
    } catch {
      offset = 0;
    }
  };
  read();
  fs.watchFile(file, { interval: 50, persistent: false }, read);
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
