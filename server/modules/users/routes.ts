import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createUserSchema, updateUserSchema, userSchema } from "../../../contracts/users";
import { createUser, listUsers, updateUser } from "./service";

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/users",
    { config: { access: "users.manage" }, schema: { operationId: "listUsers", summary: "账户列表", tags: ["账户"], response: { 200: z.array(userSchema) } } },
    async (req) => listUsers(req.ctx()),
  );
  app.post(
    "/users",
    {
      config: { access: "users.manage" },
      schema: { operationId: "createUser", summary: "新建账户", tags: ["账户"], body: createUserSchema, response: { 200: userSchema } },
    },
    async (req) => createUser(req.ctx(), req.body),
  );
  app.patch(
    "/users/:id",
    {
      config: { access: "users.manage" },
      schema: {
        operationId: "updateUser",
        summary: "修改账户（角色、县区、停用、解锁、重置密码）",
        tags: ["账户"],
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: updateUserSchema,
        response: { 200: userSchema },
      },
    },
    async (req) => updateUser(req.ctx(), req.params.id, req.body),
  );
};
