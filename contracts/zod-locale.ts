import { z } from "zod";

// Validation messages are read by users: Chinese, for every schema on every side.
z.config(z.locales.zhCN());
