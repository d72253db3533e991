import { ChangePasswordPage } from "./ChangePasswordPage";

/** 修改密码 from the user menu (route /account/password). */
export default function AccountPasswordPage() {
  return <ChangePasswordPage />;
}
