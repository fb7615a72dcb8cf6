import "./style.css";
import { DemoApp } from "./app.js";

new DemoApp(document.getElementById("app")!);
